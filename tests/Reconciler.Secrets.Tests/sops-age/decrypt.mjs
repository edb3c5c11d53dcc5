// Decrypts a SOPS file with sops-age (an independent implementation) and prints the values as
// JSON: node decrypt.mjs FILE TYPE, with the age identity in SOPS_AGE_KEY.
import { readFile } from "node:fs/promises";
import { decryptSops } from "sops-age";

const [file, fileType] = process.argv.slice(2);
const values = await decryptSops(await readFile(file, "utf8"), { fileType, secretKey: process.env.SOPS_AGE_KEY });
process.stdout.write(JSON.stringify(values));
