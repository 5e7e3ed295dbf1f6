/** Stylesheets a page imports; esbuild bundles them into the page's main.css. */
declare module '*.css';
