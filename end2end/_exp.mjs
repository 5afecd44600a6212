import { chromium } from 'playwright';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const ctx = await b.newContext({ javaScriptEnabled: false, bypassCSP: true });
const p = await ctx.newPage();
await p.setContent('<html><body><p id=x>hi</p><script>document.getElementById("x").textContent="js ran"</script></body></html>');
console.log('text', await p.textContent('#x'));
try { console.log('eval', await p.evaluate(() => document.documentElement.scrollWidth + ' ' + window.innerWidth)); } catch (e) { console.log('eval failed', e.message); }
const fs = await import('node:fs');
const src = fs.readFileSync('node_modules/axe-core/axe.min.js','utf8');
try { await p.evaluate(src); console.log('axe', await p.evaluate(() => typeof window.axe)); 
  const r = await p.evaluate(() => window.axe.run(document, {runOnly:{type:'tag',values:['wcag2a']}}).then(r => r.violations.map(v=>v.id)));
  console.log(r);
} catch (e) { console.log('axe failed', e.message); }
try { await p.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' }); console.log('addScriptTag ok', await p.evaluate(() => typeof window.axe)); } catch (e) { console.log('addScriptTag failed', e.message.slice(0,200)); }
await b.close();
