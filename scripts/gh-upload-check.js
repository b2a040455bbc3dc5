// Checks SARIF files the way github/codeql-action/upload-sarif (v4) does
// before it uploads a file from a tool other than CodeQL: the file must be
// JSON, "runs" and every run's "results" must be arrays, and the document
// must satisfy the action's bundled schema as npm jsonschema 1.5.0 reads
// it. Like the action, "uri"/"uri-reference" format errors are only
// warnings.
//
// usage: NODE_PATH=<dir with jsonschema@1.5.0> node gh-upload-check.js SCHEMA FILE...
// Prints one line per file ("FILE: ok" or its errors) and a total, and exits
// 1 when any file has an error.
"use strict";
const fs = require("fs");
const { Validator } = require("jsonschema");

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error("usage: node gh-upload-check.js SCHEMA FILE...");
  process.exit(2);
}
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const isUriFormat = (e) => e.name === "format" && (e.argument === "uri" || e.argument === "uri-reference");

let total = 0;
for (const file of files) {
  const errors = [];
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    errors.push(`Invalid SARIF. JSON syntax error: ${e.message}`);
  }
  if (doc !== undefined) {
    if (!doc || !Array.isArray(doc.runs)) {
      errors.push("Invalid SARIF. Missing 'runs' array.");
    } else {
      for (const run of doc.runs) {
        if (!run || !Array.isArray(run.results)) errors.push("Invalid SARIF. Missing 'results' array in run.");
      }
    }
    for (const e of new Validator().validate(doc, schema).errors) {
      if (isUriFormat(e)) console.log(`${file}: warning: ${e.stack}`);
      else errors.push(e.stack);
    }
  }
  total += errors.length;
  if (errors.length === 0) console.log(`${file}: ok`);
  else for (const e of errors) console.log(`${file}: error: ${e}`);
}
console.log(`upload-sarif check: ${files.length} file(s), ${total} error(s)`);
process.exit(total > 0 ? 1 : 0);
