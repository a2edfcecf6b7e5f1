function r(n=document){n.addEventListener("submit",o=>{let t=o.target.closest("form[data-confirm]");t&&t.dataset.confirm&&!window.confirm(t.dataset.confirm)&&o.preventDefault()})}export{r as a};
