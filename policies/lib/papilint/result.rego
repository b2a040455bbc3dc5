package papilint.lib

# Findings. A rule's report set holds objects made by these functions; Go
# turns resource + path into the exact source range: the value at path, or
# the resource's header when that property is absent.

# finding(n, path, msg) reports at the value at path of resource n (use []
# for the resource itself).
finding(n, path, msg) := {"resource": n.id, "path": path, "message": msg}

# finding_at(n, path, msg, severity) also lowers the rule's level
# ("warning" or "note"); a higher level than the rule's is ignored.
finding_at(n, path, msg, severity) := {"resource": n.id, "path": path, "message": msg, "severity": severity}

# related(n, path, msg) is a secondary location, for the "related" list of
# a finding: object.union(finding(...), {"related": [related(...)]}).
related(n, path, msg) := {"resource": n.id, "path": path, "message": msg}

# capped(n, path) is the level a finding resting on the value at path may
# have at most: "warning" when it came from a parameter default. Use it
# when a finding points somewhere else than the value it rests on.
capped(n, path) := "warning" if from_default(n, path)
