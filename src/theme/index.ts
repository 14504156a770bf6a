export { loadTheme, themeLoader, bundledThemeNames } from './load.js';
export { type Theme } from './schema.js';
