// esbuild bundles imported styles into main.css (scripts/buildPages.ts).
declare module '*.css';
