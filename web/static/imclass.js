// imclass-serve's page: the images and results as OpenLayers layers, the analyst's polygons (saved
// to the service at each change), the chain's progress, the threshold and the places to label next.
'use strict';

const CLASS_COLOUR = '#ff7f0e';
const OTHER_COLOUR = '#17becf';
const POLL_MS = 1000;
const $ = (id) => document.getElementById(id);
const geojson = new ol.format.GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

// ---- Talking to the service ---------------------------------------------------------------------
async function call(method, url, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(url, options);
  const answer = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new Error(answer?.error || `${method} ${url}: HTTP ${response.status}`);
  return answer;
}

function say(text) {
  $('message').textContent = text;
  $('message').hidden = !text;
}

async function attempt(action) {
  try {
    await action();
  } catch (problem) {
    say(problem.message);
  }
}

// ---- Map and layers -----------------------------------------------------------------------------
const imageLayers = {};
const tileSource = (name, stamp) => new ol.source.XYZ({ url: `/tiles/${name}/${stamp}/{z}/{x}/{y}.png`, maxZoom: 22 });
const probabilityLayer = new ol.layer.Tile({ source: tileSource('probability', 'none'), visible: false, opacity: 0.7 });
const mapLayer = new ol.layer.Tile({ source: tileSource('map', 'none'), visible: false, opacity: 0.7 });
const objectsLayer = new ol.layer.Vector({
  source: new ol.source.Vector(), visible: false,
  style: new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#ff00ff', width: 2 }) }),
});
const labelStyles = {
  1: new ol.style.Style({ stroke: new ol.style.Stroke({ color: CLASS_COLOUR, width: 2 }),
                          fill: new ol.style.Fill({ color: 'rgba(255, 127, 14, 0.25)' }) }),
  0: new ol.style.Style({ stroke: new ol.style.Stroke({ color: OTHER_COLOUR, width: 2 }),
                          fill: new ol.style.Fill({ color: 'rgba(23, 190, 207, 0.25)' }) }),
};
const labelsSource = new ol.source.Vector();
const labelsLayer = new ol.layer.Vector({ source: labelsSource, style: (feature) => labelStyles[feature.get('label')] });
const proposalsLayer = new ol.layer.Vector({
  source: new ol.source.Vector(),
  style: (feature) => new ol.style.Style({
    stroke: new ol.style.Stroke({ color: feature.get('labelled') ? '#999' : '#ffe600', width: 2, lineDash: [6, 4] }),
    text: new ol.style.Text({ text: String(feature.get('rank')), font: 'bold 14px sans-serif',
                              fill: new ol.style.Fill({ color: '#ffe600' }), stroke: new ol.style.Stroke({ color: '#000', width: 3 }) }),
  }),
});
const map = new ol.Map({
  target: 'map',
  layers: [probabilityLayer, mapLayer, objectsLayer, proposalsLayer, labelsLayer],
  view: new ol.View({ maxZoom: 22 }),
  controls: ol.control.defaults.defaults().extend([new ol.control.ScaleLine()]),
});
window.imclassMap = map; // for the browser test and the developer console

function addImageLayers(session) {
  session.layers.forEach((description, index) => {
    const layer = new ol.layer.Tile({ source: tileSource(description.name, 'inputs'), visible: false });
    layer.set('date', description.date);
    layer.set('colours', description.colours);
    imageLayers[description.name] = layer;
    map.getLayers().insertAt(index, layer);
    if (description.date === 'post') clipToSwipe(layer);
  });
  if (session.mode === 'mono') $('dates').hidden = true;
  map.getView().fit(session.extent, { padding: [20, 20, 20, 20] });
  showImages();
}

// Swipe: the "after" layers are drawn right of the slider's position only, over the "before" ones.
function clipToSwipe(layer) {
  layer.on('prerender', (event) => {
    if (currentDate() !== 'swipe') return;
    const [width, height] = map.getSize();
    const left = width * Number($('swipe').value) / 100;
    const corners = [[left, 0], [width, 0], [width, height], [left, height]].map((p) => ol.render.getRenderPixel(event, p));
    const context = event.context;
    context.save();
    context.beginPath();
    context.moveTo(...corners[0]);
    corners.slice(1).forEach((corner) => context.lineTo(...corner));
    context.closePath();
    context.clip();
  });
  layer.on('postrender', (event) => { if (currentDate() === 'swipe') event.context.restore(); });
}

const currentDate = () => document.querySelector('input[name=date]:checked').value;

function showImages() {
  const colours = document.querySelector('input[name=colours]:checked').value;
  const date = currentDate();
  $('swipe').hidden = date !== 'swipe';
  Object.values(imageLayers).forEach((layer) => {
    const dateShown = layer.get('date') === 'in' || date === 'swipe' || layer.get('date') === date;
    layer.setVisible(dateShown && layer.get('colours') === colours);
  });
  map.render();
}

// ---- Polygons -----------------------------------------------------------------------------------
const draw = new ol.interaction.Draw({ type: 'Polygon' });
const modify = new ol.interaction.Modify({ source: labelsSource });
const select = new ol.interaction.Select({ layers: [labelsLayer] });
let drawLabel = 1;
const HINTS = {
  navigate: 'Drag to move the map, scroll to zoom.',
  class: 'Click the corners of a polygon of the class; double-click (or click the first corner) to close it.',
  other: 'Click the corners of a polygon of something that is not the class; double-click to close it.',
  edit: 'Drag a corner or an edge of a polygon to change it.',
  delete: 'Click a polygon to delete it.',
};

function setMode(mode) {
  [draw, modify, select].forEach((interaction) => map.removeInteraction(interaction));
  if (mode === 'class' || mode === 'other') {
    drawLabel = mode === 'class' ? 1 : 0;
    map.addInteraction(draw);
  } else if (mode === 'edit') {
    map.addInteraction(modify);
  } else if (mode === 'delete') {
    select.getFeatures().clear();
    map.addInteraction(select);
  }
  document.querySelectorAll('.tools button').forEach((button) => button.classList.toggle('active', button.dataset.mode === mode));
  $('mode-hint').textContent = HINTS[mode];
}

function showCounts(counts) {
  $('count-class').textContent = counts[1];
  $('count-other').textContent = counts[0];
}

const asFeature = (feature) => geojson.writeFeatureObject(feature, { decimals: 8 });

draw.on('drawend', (event) => attempt(async () => {
  const feature = event.feature;
  feature.set('label', drawLabel);
  const answer = await call('POST', '/api/labels', asFeature(feature));
  feature.setId(answer.id);
  labelsSource.addFeature(feature);
  showCounts(answer.counts);
  say('');
  refreshProposals();
}));

modify.on('modifyend', (event) => attempt(async () => {
  try {
    for (const feature of event.features.getArray()) {
      showCounts((await call('PUT', `/api/labels/${feature.getId()}`, asFeature(feature))).counts);
    }
    say('');
  } catch (problem) {
    await loadLabels(); // the service kept the polygon as it was
    throw problem;
  }
}));

select.on('select', (event) => attempt(async () => {
  for (const feature of event.selected) {
    showCounts((await call('DELETE', `/api/labels/${feature.getId()}`)).counts);
    labelsSource.removeFeature(feature);
  }
  select.getFeatures().clear();
  refreshProposals();
}));

async function loadLabels() {
  const collection = await call('GET', '/api/labels');
  labelsSource.clear();
  labelsSource.addFeatures(geojson.readFeatures(collection));
  const counts = { 1: 0, 0: 0 };
  collection.features.forEach((feature) => { counts[feature.properties.label] += 1; });
  showCounts(counts);
}

// ---- Training and threshold jobs ----------------------------------------------------------------
let polling = null;

function showJob(job) {
  $('job').dataset.state = job.state;
  $('job').dataset.kind = job.kind || '';
  const running = job.state === 'running';
  $('job-progress').hidden = !running;
  if (job.steps) $('job-progress').value = (job.step - (running ? 0.5 : 0)) / job.steps;
  const what = job.kind === 'threshold' ? 'New threshold' : 'Training and mapping';
  $('job-state').textContent = { running: `${what}: running ...`, done: `${what}: done.`,
                                 failed: `${what} failed: ${job.message}`, idle: '' }[job.state];
  $('job-lines').hidden = !job.lines.length;
  $('job-lines').textContent = job.lines.join('\n');
  $('job-lines').scrollTop = $('job-lines').scrollHeight;
}

async function followJob() {
  const job = await call('GET', '/api/status');
  showJob(job);
  if (job.state === 'running') {
    polling = setTimeout(() => attempt(followJob), POLL_MS);
    return;
  }
  polling = null;
  if (job.state === 'failed') say(job.message);
  if (job.state === 'done') {
    say(''); // a refusal while it ran is moot now
    await loadResults();
  }
}

async function startJob(url, body) {
  say(''); // before the call: a refusal of a second click, answered meanwhile, stays on the page
  showJob(await call('POST', url, body));
  if (!polling) await followJob();
}

// ---- Results ------------------------------------------------------------------------------------
let results = null;

async function loadResults() {
  results = await call('GET', '/api/results');
  $('results').hidden = !results;
  if (!results) return;
  probabilityLayer.setSource(tileSource('probability', results.stamp));
  mapLayer.setSource(tileSource('map', results.stamp));
  showResultLayers();
  $('threshold').value = results.threshold;
  $('threshold-value').textContent = results.threshold.toFixed(3);
  const scores = results.scores;
  const figures = [
    ['Threshold', `${results.threshold.toFixed(3)} (${results.method}${results.threshold_source ? ', ' + results.threshold_source : ''})`],
    ['Precision', scores.precision.toFixed(3)], ['Recall', scores.recall.toFixed(3)], ['F1', scores.f1.toFixed(3)],
    ['Objects mapped', results.objects.predicted_objects],
    ['Trained on', `${results.trained_on[1]} class, ${results.trained_on[0]} not-the-class polygons`],
  ];
  $('figures').replaceChildren(...figures.map(([name, value]) => {
    const row = document.createElement('tr');
    row.innerHTML = '<td></td><td></td>';
    row.cells[0].textContent = name;
    row.cells[1].textContent = value;
    return row;
  }));
  $('report').src = `/results/report.png?${results.stamp}`;
  $('downloads').replaceChildren(...results.downloads.map((file) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `/results/${file.name}?${results.stamp}`;
    link.textContent = file.name;
    item.append(link, ` — ${file.what}`);
    return item;
  }));
  objectsLayer.getSource().clear();
  objectsLayer.getSource().addFeatures(geojson.readFeatures(await call('GET', '/api/objects')));
  await refreshProposals();
}

function showResultLayers() {
  const opacity = Number($('opacity').value) / 100;
  probabilityLayer.setVisible(!!results && $('show-probability').checked);
  mapLayer.setVisible(!!results && $('show-map').checked);
  objectsLayer.setVisible(!!results && $('show-objects').checked);
  proposalsLayer.setVisible($('show-proposals').checked);
  [probabilityLayer, mapLayer, objectsLayer].forEach((layer) => layer.setOpacity(opacity));
}

async function refreshProposals() {
  if (!results) return;
  const collection = await call('GET', '/api/proposals');
  const features = geojson.readFeatures(collection);
  proposalsLayer.getSource().clear();
  proposalsLayer.getSource().addFeatures(features);
  $('next').hidden = !features.length;
  $('proposals').replaceChildren(...features.map((feature) => {
    const item = document.createElement('li');
    item.textContent = `probability ${feature.get('probability').toFixed(2)}` + (feature.get('labelled') ? ' — labelled' : '');
    item.classList.toggle('labelled', feature.get('labelled'));
    item.title = 'Show this place';
    item.addEventListener('click', () => map.getView().fit(feature.getGeometry().getExtent(), { padding: [120, 120, 120, 120], duration: 300 }));
    return item;
  }));
}

// ---- Wiring -------------------------------------------------------------------------------------
document.querySelectorAll('input[name=date], input[name=colours]').forEach((input) => input.addEventListener('change', showImages));
$('swipe').addEventListener('input', () => map.render());
document.querySelectorAll('.tools button').forEach((button) => button.addEventListener('click', () => setMode(button.dataset.mode)));
['show-probability', 'show-map', 'show-objects', 'show-proposals', 'opacity'].forEach((id) => $(id).addEventListener('input', showResultLayers));
$('threshold').addEventListener('input', () => { $('threshold-value').textContent = Number($('threshold').value).toFixed(3); });
$('threshold').addEventListener('change', () => attempt(() => startJob('/api/threshold', { threshold: Number($('threshold').value) })));
$('train').addEventListener('click', () => attempt(() => startJob('/api/train', {})));

attempt(async () => {
  addImageLayers(await call('GET', '/api/session'));
  await loadLabels();
  await loadResults();
  const job = await call('GET', '/api/status');
  showJob(job);
  if (job.state === 'running') await followJob();
});
