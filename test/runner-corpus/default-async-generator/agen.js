export default async function* () { yield 3; }
