<?php
// pick_php.php CONSTRAINT VERSION...: prints the highest VERSION that satisfies the composer
// constraint CONSTRAINT (composer's own semver rules, from Debian's php-composer-semver), or
// nothing. Exit 2 when CONSTRAINT cannot be parsed.
require '/usr/share/php/Composer/Semver/autoload.php';

use Composer\Semver\Semver;

$constraint = $argv[1];
$versions = array_slice($argv, 2);
try {
    $matching = Semver::rsort(Semver::satisfiedBy($versions, $constraint));
} catch (UnexpectedValueException $e) {
    fwrite(STDERR, $e->getMessage() . "\n");
    exit(2);
}
if ($matching) {
    echo $matching[0], "\n";
}
