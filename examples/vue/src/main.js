import { createApp } from 'vue';
// Each entry defines its tags: <city-map> + <city-grid-layer>, and <city-closure-funnel>.
import 'citykit/grid';
import 'citykit/funnel';
import App from './App.vue';

createApp(App).mount('#app');
