import { mount } from 'svelte';
import App from './App.svelte';
import { getShell } from './api/client.ts';
import { startI18n } from './i18n/index.ts';
import './styles/app.css';

startI18n();
mount(App, { target: document.getElementById('app')!, props: { shell: getShell() } });
