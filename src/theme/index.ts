export { loadTheme, themeLoader, bundledThemeNames, BUNDLED_THEMES } from './load.js';
export { themeSchema, PAGE_SIZES, type Theme, type ThemeInput, type FontFaces } from './schema.js';
