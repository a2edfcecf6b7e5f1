import{a as n,e as t,f as c}from"./chunks/chunk-A3NX2LMI.js";var e=document.querySelector("[data-live]");if(e){let r=o=>{t(e,o),c(e,o)};n(e,{onState:r,onEvent:(o,m,d)=>r(d.state)})}
