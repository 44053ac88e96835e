/** The UI's two languages (its own file so plain modules and their tests need no React). */
export type Lang = 'zh' | 'en';
