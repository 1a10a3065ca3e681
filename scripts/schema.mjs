// Writes the generated parts of the run config's documentation: schema/experiment.schema.json (the
// JSON Schema an experiment file's "$schema" points at) and the README's field table. Run with
// `npm run schema` after changing lib/experiment/config-schema.ts or a plug-in's options;
// test/docs/config-schema.test.ts fails until both are regenerated.
import { readFileSync, writeFileSync } from "node:fs";
import { experimentJsonSchema } from "../dist/lib/experiment/json-schema.js";
import { configFieldsTable } from "../dist/lib/experiment/fields-table.js";

writeFileSync("schema/experiment.schema.json", JSON.stringify(experimentJsonSchema(), null, 2) + "\n");
const readme = readFileSync("README.md", "utf8");
const block = /(<!-- config-fields -->\n)[\s\S]*?(<!-- \/config-fields -->)/;
if (!block.test(readme)) throw new Error("README.md has no <!-- config-fields --> block");
writeFileSync("README.md", readme.replace(block, (_, open, close) => open + configFieldsTable() + "\n" + close));
console.log("wrote schema/experiment.schema.json and README.md's field table");
