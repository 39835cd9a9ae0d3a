import { defineStore } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { ref, shallowRef } from 'vue';
import type { LiveSnapshot } from '@hotline/kpi';

/** The live floor: the latest snapshot pushed by the API over Socket.IO (`kpi:snapshot`). */
export const useLiveStore = defineStore('live', () => {
  const snapshot = shallowRef<LiveSnapshot | null>(null);
  const connected = ref(false);
  const updates = ref(0);
  let socket: Socket | undefined;

  function connect(): void {
    if (socket) return;
    socket = io({ path: '/socket.io', transports: ['websocket', 'polling'] });
    socket.on('connect', () => (connected.value = true));
    socket.on('disconnect', () => (connected.value = false));
    socket.on('kpi:snapshot', (s: LiveSnapshot) => {
      snapshot.value = s;
      updates.value += 1;
    });
  }

  return { snapshot, connected, updates, connect };
});
