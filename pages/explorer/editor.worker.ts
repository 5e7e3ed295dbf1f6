// Monaco's base editor worker, served from our origin (see main.tsx, MonacoEnvironment).
import 'monaco-editor/esm/vs/editor/editor.worker.js';
