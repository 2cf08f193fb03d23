# nginx_conf.jq: the server's rules from static.json (Heroku's static buildpack's keys), as nginx
# config for bin/compile. Input: static.json (or {}); --arg root: the checked document root.
# Everything the app wrote is checked against a narrow alphabet before it reaches the config, so
# static.json can only fill in values, never add nginx directives. __PORT__ and __RUN__ are filled
# in at dyno start by lib/boot.

def bad(what): error("static.json: \(what)");
def limited(key): if length > 100 then bad("\(key) has more than 100 entries") else . end;
def object_or_empty(key):
  if . == null then {} elif type == "object" then (to_entries | limited(key) | from_entries)
  else bad("\(key) must be an object") end;
# A request path pattern: "/", "/about", "/assets/*" (one path segment), "/app/**" (anything).
def pattern(key):
  if type == "string" and test("^/[A-Za-z0-9._~/*@+-]{0,200}$") then .
  else bad("\(key): \(tojson | .[0:80]) is not a path pattern (/, letters, digits, . _ ~ - @ + and * or **)") end;
def regex: gsub("(?<c>[.+])"; "\\\(.c)") | gsub("\\*\\*"; "\u0000") | gsub("\\*"; "[^/]*") | gsub("\u0000"; ".*");
# A file under the root, as an nginx URI: "index.html" and "/index.html" alike.
def file(key):
  if type == "string" and test("^/?[A-Za-z0-9._~/@+-]{1,200}$") and (test("(^|/)\\.\\.(/|$)") | not)
  then (if startswith("/") then . else "/" + . end)
  else bad("\(key): \(tojson | .[0:80]) is not a file under the root") end;
def url(key):
  if type == "string" and test("^(https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?)?/[A-Za-z0-9._~/?&=%#@+,:!*()-]{0,500}$") then .
  else bad("\(key): \(tojson | .[0:80]) is not a URL (a path, or http(s)://host/path)") end;
def status(key):
  if . == null then 301 elif (. as $s | [301, 302, 303, 307, 308] | any(. == $s)) then .
  else bad("\(key): status must be 301, 302, 303, 307 or 308") end;
def header_name(key):
  if test("^[A-Za-z0-9-]{1,64}$") then . else bad("\(key): \(tojson | .[0:80]) is not a header name") end;
def header_value(key):
  if type == "string" and test("^[ !#%-\\[\\]-~]{0,500}$") then .
  else bad("\(key): the value \(tojson | .[0:80]) must be printable ASCII without \" \\ or $ (500 characters at most)") end;

if type != "object" then bad("the file must hold a JSON object") else . end
| (.clean_urls // false) as $clean
| if ($clean | type) != "boolean" then bad("clean_urls must be true or false") else . end
| (.routes | object_or_empty("routes")) as $routes
| (.redirects | object_or_empty("redirects")) as $redirects
| (.headers | object_or_empty("headers")) as $headers
| (if .error_page == null then null else (.error_page | file("error_page")) end) as $error_page
| ([$headers | to_entries[] | .key as $p | (.value | object_or_empty("headers[\($p)]")) | keys[]] | unique_by(ascii_downcase)) as $names
| (if $clean then "$uri $uri.html $uri/" else "$uri $uri/" end) as $tries
| [
  "daemon off;",
  "worker_processes auto;",
  "pid __RUN__/nginx.pid;",
  "error_log stderr;",
  "events { worker_connections 1024; }",
  "http {",
  "  include /etc/nginx/mime.types;",
  "  default_type application/octet-stream;",
  "  access_log /dev/stdout;",
  "  client_body_temp_path __RUN__/client_body;",
  "  proxy_temp_path __RUN__/proxy;",
  "  fastcgi_temp_path __RUN__/fastcgi;",
  "  uwsgi_temp_path __RUN__/uwsgi;",
  "  scgi_temp_path __RUN__/scgi;",
  "  sendfile on;",
  "  server_tokens off;",
  ( $names | to_entries[] | .key as $i | .value as $name
    | "  map $request_uri $slipway_header_\($i) {",
      ( $headers | to_entries[] | (.key | pattern("headers")) as $p
        | .value | to_entries[] | select((.key | ascii_downcase) == ($name | ascii_downcase))
        | .key as $k
        | "    \"~^\($p | regex)(\\?.*)?$\" \"\(.value | header_value("headers[\($p)][\($k)]"))\";" ),
      "    default \"\";",
      "  }" ),
  "  server {",
  "    listen __PORT__;",
  "    root \"\($ARGS.named.root)\";",
  "    index index.html index.htm;",
  "    absolute_redirect off;",
  ( $headers | to_entries[] | .value | keys[] | header_name("headers") | empty ),
  ( $names | to_entries[] | "    add_header \(.value) $slipway_header_\(.key) always;" ),
  ( if $error_page then "    error_page 404 \($error_page);" else empty end ),
  ( $redirects | to_entries[] | (.key | pattern("redirects")) as $from
    | if ($from | contains("*")) then bad("redirects[\($from)]: a redirect is from one path, without *") else . end
    | if (.value | type) != "object" then bad("redirects[\($from)] must be an object with url and status") else . end
    | "    location = \($from) { return \(.value.status | status("redirects[\($from)]")) \"\(.value.url | url("redirects[\($from)]"))\"; }" ),
  ( if $clean then
      "    location ~ \\.html$ {",
      "      if ($request_uri ~ \"^([^?]*)\\.html(\\?.*)?$\") { return 301 $1$2; }",
      "      try_files $uri =404;",
      "    }"
    else empty end ),
  ( $routes | to_entries[] | (.key | pattern("routes")) as $p
    | "    location ~ ^\($p | regex)$ { try_files \($tries) \(.value | file("routes[\($p)]")); }" ),
  "    location / { try_files \($tries) =404; }",
  "  }",
  "}"
  ]
| .[]
