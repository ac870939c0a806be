function inner() {}
export { inner as default };
