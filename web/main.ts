import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { api } from './api/client.ts'
import App from './App.vue'
import { createAppRouter } from './router.ts'
import { useConnectionStore } from './stores/connection.ts'
import './styles.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(createAppRouter())
useConnectionStore(pinia).follow(api)
app.mount('#app')
