// The listing form: show only the fee fields the chosen payment method takes (the server checks them anyway).
// Which fields each method takes comes from json_script "market-fee-fields".
const feeFields = JSON.parse(document.getElementById("market-fee-fields").textContent);
const mode = document.getElementById("id_price_mode");
const all = [...new Set(Object.values(feeFields).flat())];

function show() {
  const wanted = new Set(feeFields[mode.value] || []);
  for (const name of all) {
    const box = document.getElementById(`field-id_${name}`);
    if (box) box.hidden = !wanted.has(name);
  }
}
if (mode) {
  mode.addEventListener("change", show);
  show();
}
