export const x = "plain";
