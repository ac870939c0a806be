export default function foo() {}
