# Answers the custom resource EndpointIps: the private IPv4 addresses of the
# execute-api endpoint's network interfaces, as attributes IP0, IP1, ...
# sorted by address so the order does not change between updates.
import json
import urllib.request

import boto3

ec2 = boto3.client("ec2")


def ip_key(ip):
    return tuple(int(part) for part in ip.split("."))


def handler(event, context):
    status, reason, data = "SUCCESS", "", {}
    physical = event.get("PhysicalResourceId", "endpoint-eni-ips")
    try:
        if event["RequestType"] != "Delete":
            props = event["ResourceProperties"]
            ids = props["NetworkInterfaceIds"]
            want = int(props["ExpectedCount"])
            enis = ec2.describe_network_interfaces(NetworkInterfaceIds=ids)
            ips = sorted((e["PrivateIpAddress"] for e in enis["NetworkInterfaces"]), key=ip_key)
            if len(ips) != want:
                raise ValueError(
                    "the endpoint has %d network interfaces, the target group lists %d" % (len(ips), want))
            data = {"IP%d" % i: ip for i, ip in enumerate(ips)}
            physical = "endpoint-eni-ips:" + ",".join(sorted(ids))
    except Exception as err:  # report every failure to CloudFormation
        status = "FAILED"
        reason = "%s (log stream %s)" % (err, context.log_stream_name)
    body = json.dumps({
        "Status": status,
        "Reason": reason,
        "PhysicalResourceId": physical,
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "Data": data,
    }).encode()
    req = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                 headers={"Content-Type": ""})
    with urllib.request.urlopen(req, timeout=30) as resp:
        resp.read()
