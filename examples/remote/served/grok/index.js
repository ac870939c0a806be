export const grok = (text) => `grokked ${text.length} characters`;
