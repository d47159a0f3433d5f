/* Building elements whose text is set with textContent (data never becomes markup). */
export function element(tag, className, content) {
  const el = document.createElement(tag);
  if (className) {
    el.className = className;
  }
  if (content !== undefined) {
    el.textContent = content;
  }
  return el;
}
