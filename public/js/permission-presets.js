// Role presets tick the permission boxes; the boxes are what is saved. Without this script
// the boxes are ticked by hand.
document.querySelectorAll('select[data-presets]').forEach((select) => {
  const presets = JSON.parse(select.dataset.presets);
  const form = select.closest('form');
  select.closest('.preset-picker').hidden = false;
  select.addEventListener('change', () => {
    const chosen = presets[select.value];
    if (!chosen) return;
    form.querySelectorAll('input[name="permissions"]').forEach((box) => {
      box.checked = chosen.includes(box.value);
    });
  });
});
