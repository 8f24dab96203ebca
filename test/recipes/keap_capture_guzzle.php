<?php
// keap-throttle capture recipe for Guzzle 7: a middleware that appends one NDJSON line per response
// in the shape `keap-throttle analyze` reads (schema/capture-line.schema.json). No credential ever
// reaches the file: the key is a fingerprint, credential query parameters are [redacted].
//
//   $stack = GuzzleHttp\HandlerStack::create();
//   $stack->push(keap_capture_middleware('/var/log/keap-calls.ndjson'));
//   $client = new GuzzleHttp\Client(['handler' => $stack, 'base_uri' => 'https://api.infusionsoft.com']);
//
// Run as a script it is its own demo: php keap_capture_guzzle.php <base-url> <out.ndjson> <count> <spacing-ms> [path]
declare(strict_types=1);

use GuzzleHttp\Exception\RequestException;
use GuzzleHttp\Promise\Create;
use GuzzleHttp\Promise\PromiseInterface;
use Psr\Http\Message\RequestInterface;
use Psr\Http\Message\ResponseInterface;

const KEAP_CAPTURE_BODY_LIMIT = 4096;
const KEAP_CAPTURE_SECRET_PARAMS = '/^(access_token|api_key|apikey|key|token|client_secret|refresh_token|code|password|secret)$/i';
const KEAP_CAPTURE_KEPT_HEADER = '/^(x-keap-|x-apigee-)|^(date|retry-after|x-request-id)$/';

/** Guzzle middleware: logs every response, including the ones Guzzle turns into exceptions. */
function keap_capture_middleware(string $path): callable
{
    return static function (callable $handler) use ($path): callable {
        return static function (RequestInterface $request, array $options) use ($handler, $path): PromiseInterface {
            $sent = microtime(true);
            return $handler($request, $options)->then(
                static function (ResponseInterface $response) use ($request, $sent, $path): ResponseInterface {
                    keap_capture_write($path, keap_capture_line($request, $response, $sent, microtime(true)));
                    return $response;
                },
                static function ($reason) use ($request, $sent, $path): PromiseInterface {
                    if ($reason instanceof RequestException && $reason->getResponse() !== null) {
                        keap_capture_write($path, keap_capture_line($request, $reason->getResponse(), $sent, microtime(true)));
                    }
                    return Create::rejectionFor($reason);
                }
            );
        };
    };
}

/** The capture line for one exchange. */
function keap_capture_line(RequestInterface $request, ResponseInterface $response, float $sent, float $received): array
{
    $headers = [];
    foreach ($response->getHeaders() as $name => $values) {
        $lower = strtolower((string) $name);
        if (preg_match(KEAP_CAPTURE_KEPT_HEADER, $lower)) {
            $headers[$lower] = implode(', ', $values);
        }
    }
    $status = $response->getStatusCode();
    $line = [
        'sent_at' => keap_capture_time($sent),
        'received_at' => keap_capture_time($received),
        'duration_ms' => (int) round(($received - $sent) * 1000),
        'method' => strtoupper($request->getMethod()),
        'url' => keap_capture_url((string) $request->getUri()->withUserInfo('')),
        'status' => $status,
        'key' => keap_capture_key($request),
        // An empty PHP array would encode as [], the schema wants an object.
        'response_headers' => (object) $headers,
    ];
    if ($status < 200 || $status > 299) {
        $body = $response->getBody();
        $text = keap_capture_redact((string) $body);
        if ($body->isSeekable()) {
            $body->rewind();
        }
        // The first 4096 characters without needing the mbstring extension (bytes if the body is not UTF-8).
        $cut = preg_match('/^.{0,' . KEAP_CAPTURE_BODY_LIMIT . '}/su', $text, $match) ? $match[0] : substr($text, 0, KEAP_CAPTURE_BODY_LIMIT);
        $line['response_body'] = $cut;
        if (strlen($cut) < strlen($text)) {
            $line['response_body_truncated'] = true;
        }
    }
    return $line;
}

/** ISO-8601 UTC with milliseconds. */
function keap_capture_time(float $seconds): string
{
    $whole = (int) floor($seconds);
    return gmdate('Y-m-d\TH:i:s', $whole) . sprintf('.%03dZ', min(999, (int) floor(($seconds - $whole) * 1000)));
}

/** The URL with credential query parameters replaced by [redacted]. */
function keap_capture_url(string $url): string
{
    $parts = explode('?', $url, 2);
    if (count($parts) === 1) {
        return $url;
    }
    $pairs = array_map(static function (string $pair): string {
        $name = explode('=', $pair, 2)[0];
        return preg_match(KEAP_CAPTURE_SECRET_PARAMS, rawurldecode($name)) ? $name . '=[redacted]' : $pair;
    }, explode('&', $parts[1]));
    return $parts[0] . '?' . implode('&', $pairs);
}

/** key#<first 8 hex of SHA-256 of the token> — the same fingerprint keap-throttle computes. */
function keap_capture_key(RequestInterface $request): ?string
{
    foreach (['Authorization', 'X-Keap-API-Key'] as $name) {
        $value = trim($request->getHeaderLine($name));
        if ($value !== '') {
            $secret = preg_replace('/^(Bearer|Basic)\s+/i', '', $value);
            return 'key#' . substr(hash('sha256', $secret), 0, 8);
        }
    }
    return null;
}

/** Tokens a body may echo back, replaced by [redacted]. */
function keap_capture_redact(string $text): string
{
    $text = preg_replace('/\b(Bearer|Basic)\s+[A-Za-z0-9._~+\/=-]{8,}/i', '[redacted]', $text);
    return preg_replace('/\bKeapAK-[A-Za-z0-9._-]+/', '[redacted]', $text);
}

/** One write per line, appended under a lock: safe with several PHP workers on one file. */
function keap_capture_write(string $path, array $line): void
{
    $json = json_encode($line, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
    if ($json !== false) {
        file_put_contents($path, $json . "\n", FILE_APPEND | LOCK_EX);
    }
}

if (PHP_SAPI === 'cli' && isset($argv[0]) && realpath($argv[0]) === __FILE__) {
    if ($argc < 5) {
        fwrite(STDERR, "usage: php keap_capture_guzzle.php <base-url> <out.ndjson> <count> <spacing-ms> [path]\n");
        exit(2);
    }
    // Composer projects load vendor/autoload.php; Debian's php-guzzlehttp-guzzle ships its own autoloader.
    require file_exists(__DIR__ . '/vendor/autoload.php') ? __DIR__ . '/vendor/autoload.php' : '/usr/share/php/GuzzleHttp/autoload.php';
    [, $base, $out, $count, $spacing] = $argv;
    $path = $argv[5] ?? '/crm/rest/v1/contacts?limit=1';
    $stack = GuzzleHttp\HandlerStack::create();
    $stack->push(keap_capture_middleware($out));
    $client = new GuzzleHttp\Client(['handler' => $stack, 'base_uri' => $base, 'timeout' => 10]);
    $token = getenv('KEAP_TOKEN') ?: 'demo-token-not-a-secret';
    $statuses = [];
    for ($i = 0; $i < (int) $count; $i++) {
        try {
            $statuses[] = $client->get($path, ['headers' => ['Authorization' => 'Bearer ' . $token]])->getStatusCode();
        } catch (RequestException $e) {
            $statuses[] = $e->hasResponse() ? $e->getResponse()->getStatusCode() : 0;
        }
        usleep((int) $spacing * 1000);
    }
    echo json_encode(['statuses' => $statuses]), "\n";
}
