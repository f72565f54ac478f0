import { mount } from 'svelte';
import App from './App.svelte';
import { getShell } from './api/client.ts';
import './styles/app.css';

mount(App, { target: document.getElementById('app')!, props: { shell: getShell() } });
