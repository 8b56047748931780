// The browser's time zone, for the server to take as the person's until they choose one
// (quizzes/middleware.py reads the cookie and checks the name against its list).
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) return;
  var cookie = "browser_zone=" + zone;
  if (document.cookie.split("; ").indexOf(cookie) !== -1) return;
  var secure = window.location.protocol === "https:" ? "; secure" : "";
  document.cookie = cookie + "; path=/; max-age=31536000; samesite=lax" + secure;
})();
