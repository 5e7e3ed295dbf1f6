// Pages import stylesheets for esbuild to bundle into `main.css` (scripts/buildPages.ts).
declare module '*.css';
