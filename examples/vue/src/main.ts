// Registers <zipteams-dashboard> and <zipteams-call-details> (before the app mounts, so Vue sees
// their properties) and types them in every template: one import.
import '@zipteams/element/vue';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
