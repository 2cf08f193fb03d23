<?php
// The router of heroku-php-apache2/-nginx: refuses dotfiles and dot directories (.env, .git,
// .heroku, .profile.d: Apache on Heroku refuses .ht* alike), otherwise the built-in server does
// what it always does (the file as it is, else index.php or index.html up the path).
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
if (preg_match('#(^|/)\.#', $path)) {
    http_response_code(404);
    echo "Not Found\n";
    return true;
}
return false;
