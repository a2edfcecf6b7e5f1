import{a as t,e as n,f as m,g as c}from"./chunks/chunk-MWHSS266.js";var e=document.querySelector("[data-live]");if(e){let r=o=>{m(e,o),c(e,o)};n(e,t(e,{onState:r,onEvent:(o,i,d)=>r(d.state)}))}
