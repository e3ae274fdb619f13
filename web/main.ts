import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { api } from './api/client.ts'
import App from './App.vue'
import { createAppRouter } from './router.ts'
import { useAuthStore } from './stores/auth.ts'
import { useConnectionStore } from './stores/connection.ts'
import { handleUnauthorized } from './stores/unauthorized.ts'
import './styles.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const router = createAppRouter()
app.use(router)
useConnectionStore(pinia).follow(api)
api.setUnauthorizedHandler((path) => handleUnauthorized(path, useAuthStore(pinia), router))
app.mount('#app')
