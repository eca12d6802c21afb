import { render } from 'preact';
import { App } from './app';

const root = document.getElementById('app')!;
// The static "Loading…" placeholder goes: Preact renders beside existing children, not over them.
root.replaceChildren();
render(<App />, root);
