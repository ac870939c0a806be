export { notDeclared };
