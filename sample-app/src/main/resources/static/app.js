'use strict';

// Polls /api/pool twice a second and shows the numbers, with a one-minute sparkline.
const POLL_MILLIS = 500;
const SAMPLES = 120;
const history = { active: [], pending: [] };
let max = 1;

function show(id, value) {
	document.getElementById(id).textContent = value;
}

function draw(id, values) {
	const step = 240 / (SAMPLES - 1);
	const offset = SAMPLES - values.length;
	const points = values.map((value, i) =>
		((offset + i) * step).toFixed(1) + ',' + (58 - (56 * Math.min(value, max)) / max).toFixed(1));
	document.getElementById(id).setAttribute('points', points.join(' '));
}

function record(snapshot) {
	for (const key of ['active', 'pending']) {
		history[key].push(snapshot[key]);
		if (history[key].length > SAMPLES) {
			history[key].shift();
		}
	}
	max = Math.max(snapshot.max, ...history.pending, 1);
	draw('spark-active', history.active);
	draw('spark-pending', history.pending);
}

function render(snapshot) {
	show('pool-name', snapshot.pool);
	show('health', snapshot.health);
	document.getElementById('health').dataset.status = snapshot.health;
	for (const key of ['active', 'idle', 'pending', 'size', 'max', 'acquisitions', 'timeouts', 'queries']) {
		show(key, snapshot[key]);
	}
	show('max-again', snapshot.max);
	const wait = snapshot.acquireMillis;
	for (const key of ['p50', 'p95', 'p99']) {
		show(key, wait ? wait[key].toFixed(2) : 'n/a');
	}
	record(snapshot);
}

async function poll() {
	try {
		const response = await fetch('/api/pool', { headers: { Accept: 'application/json' } });
		if (!response.ok) {
			throw new Error('HTTP ' + response.status);
		}
		render(await response.json());
		document.getElementById('error').hidden = true;
	}
	catch (error) {
		show('error', 'Cannot read the pool: ' + error.message);
		document.getElementById('error').hidden = false;
	}
	finally {
		setTimeout(poll, POLL_MILLIS);
	}
}

async function burst() {
	const button = document.getElementById('burst');
	button.disabled = true;
	show('burst-result', 'Running…');
	try {
		const response = await fetch('/api/load?requests=500&concurrency=50', { method: 'POST' });
		const body = await response.json();
		show('burst-result', response.ok
			? `${body.requests} queries, ${body.concurrency} at a time: ${body.succeeded} succeeded, `
				+ `${body.failed} failed in ${body.durationMillis} ms`
			: 'Failed: ' + (body.detail || 'HTTP ' + response.status));
	}
	catch (error) {
		show('burst-result', 'Failed: ' + error.message);
	}
	finally {
		button.disabled = false;
	}
}

document.getElementById('burst').addEventListener('click', burst);
poll();
