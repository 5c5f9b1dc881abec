// Loaded into a copy of a report page: checks that every image decoded and every link resolves, then writes the result into the DOM.
(function(){
  var bad=[], imgs=0, links=0;
  document.querySelectorAll('img').forEach(function(i){ imgs++; if(!(i.complete && i.naturalWidth>0)) bad.push('image '+i.getAttribute('src')); });
  document.querySelectorAll('a[href]').forEach(function(a){
    var h=a.getAttribute('href'); links++;
    if(h.startsWith('#')){ if(!document.getElementById(h.substring(1))) bad.push('anchor '+h); return; }
    if(/^[a-z]+:/i.test(h) && !h.startsWith('file:')) return;
    try{ var x=new XMLHttpRequest(); x.open('GET',h,false); x.send(); if(!(x.status===0||x.status===200)||x.responseText.length===0) bad.push('link '+h); }catch(e){ bad.push('link '+h+' ('+e.name+')'); }
  });
  var p=document.createElement('pre'); p.id='ncsparse-check'; p.textContent='CHECK images='+imgs+' links='+links+' bad='+JSON.stringify(bad); document.body.appendChild(p);
})();
