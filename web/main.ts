import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { adoptPageToken, api } from './api/client.ts'
import App from './App.vue'
import { createAppRouter } from './router.ts'
import { useAuthStore } from './stores/auth.ts'
import { useConnectionStore } from './stores/connection.ts'
import { useReloginStore } from './stores/relogin.ts'
import { handleUnauthorized } from './stores/unauthorized.ts'
import './styles.css'
import './ui/controls.css'

// Before the router reads the address: a ?token= is kept for the tab and leaves the address bar.
adoptPageToken()
const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const router = createAppRouter()
app.use(router)
useConnectionStore(pinia).follow(api)
api.setUnauthorizedHandler((path) => handleUnauthorized(path, useAuthStore(pinia), router, useReloginStore(pinia)))
app.mount('#app')
