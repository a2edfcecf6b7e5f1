import{a as n,e as t,f as c}from"./chunks/chunk-G4BPI2FZ.js";var e=document.querySelector("[data-live]");if(e){let r=o=>{t(e,o),c(e,o)};n(e,{onState:r,onEvent:(o,m,d)=>r(d.state)})}
