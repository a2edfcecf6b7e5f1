// Reading JSON from the API with the page's session; a refusal becomes an Error carrying the server's message.
export async function getJson(url, fallback = "The server could not answer.") {
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((data.error && data.error.message) || fallback);
  return data;
}
