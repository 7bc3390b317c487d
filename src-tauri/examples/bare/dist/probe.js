// Once the page is on screen (two animation frames after it loaded), ask the backend to
// report the start-up time and close the window. Without MEND_STARTUP_PROBE the backend
// refuses, and the page says why.
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

async function report() {
  await nextFrame();
  await nextFrame();
  try {
    await window.__TAURI__.core.invoke('startup_probe', { page_ms: performance.now(), painted_unix_ms: Date.now() });
  } catch (err) {
    document.getElementById('status').textContent = String(err);
  }
}

if (document.readyState === 'complete') report();
else window.addEventListener('load', report, { once: true });
