#include "support/http_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace cnnwb::test {
namespace {

std::string lowerCase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    const auto last = text.find_last_not_of(" \t\r");
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

bool sendAll(int socket, const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::send(socket, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false; // the client went away (a cancelled download): nothing to do
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// Reads up to the blank line that ends the request head; GET requests carry no body.
std::optional<HttpRequest> readRequest(int socket)
{
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(socket, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || head.size() > 65536)
            return std::nullopt;
        head.append(buffer, static_cast<std::size_t>(n));
    }
    HttpRequest request;
    std::size_t lineStart = 0;
    bool first = true;
    for (;;) {
        const std::size_t lineEnd = head.find("\r\n", lineStart);
        if (lineEnd == std::string::npos || lineEnd == lineStart)
            break;
        const std::string line = head.substr(lineStart, lineEnd - lineStart);
        lineStart = lineEnd + 2;
        if (first) {
            const std::size_t a = line.find(' ');
            const std::size_t b = line.find(' ', a + 1);
            if (a == std::string::npos || b == std::string::npos)
                return std::nullopt;
            request.method = line.substr(0, a);
            request.path = line.substr(a + 1, b - a - 1);
            first = false;
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon != std::string::npos)
            request.headers[lowerCase(line.substr(0, colon))] = trimmed(line.substr(colon + 1));
    }
    return request;
}

} // namespace

std::string HttpRequest::header(const std::string& lowerCaseName) const
{
    const auto it = headers.find(lowerCaseName);
    return it == headers.end() ? std::string() : it->second;
}

HttpTestServer::HttpTestServer()
{
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listener < 0)
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0; // the kernel picks a free port
    socklen_t length = sizeof address;
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(m_listener, 16) != 0
        || ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        const int error = errno;
        ::close(m_listener);
        throw std::runtime_error(std::string("cannot listen on 127.0.0.1: ") + std::strerror(error));
    }
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { run(); });
}

HttpTestServer::~HttpTestServer()
{
    m_stop = true;
    m_thread.join();
    ::close(m_listener);
}

std::string HttpTestServer::baseUrl() const
{
    return "http://127.0.0.1:" + std::to_string(m_port) + "/";
}

void HttpTestServer::serve(const std::string& path, std::vector<std::uint8_t> body)
{
    const std::lock_guard lock(m_mutex);
    m_bodies[path] = std::move(body);
}

void HttpTestServer::redirect(const std::string& from, const std::string& to)
{
    const std::lock_guard lock(m_mutex);
    m_redirects[from] = to;
}

void HttpTestServer::setTruncateAfter(std::optional<std::int64_t> bytes)
{
    const std::lock_guard lock(m_mutex);
    m_truncateAfter = bytes;
}

void HttpTestServer::setIgnoreRange(bool ignore)
{
    const std::lock_guard lock(m_mutex);
    m_ignoreRange = ignore;
}

std::vector<HttpRequest> HttpTestServer::requests() const
{
    const std::lock_guard lock(m_mutex);
    return m_requests;
}

void HttpTestServer::clearRequests()
{
    const std::lock_guard lock(m_mutex);
    m_requests.clear();
}

void HttpTestServer::run()
{
    // Polling with a short timeout lets the destructor stop the loop without a wake-up pipe.
    while (!m_stop) {
        pollfd waiting{m_listener, POLLIN, 0};
        if (::poll(&waiting, 1, 50) <= 0)
            continue;
        const int connection = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (connection < 0)
            continue;
        timeval timeout{5, 0}; // a client that never finishes its request must not block the tests
        ::setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        ::setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        handle(connection);
        ::close(connection);
    }
}

void HttpTestServer::handle(int connection)
{
    const std::optional<HttpRequest> request = readRequest(connection);
    if (!request)
        return;

    std::string status = "200 OK";
    std::string extraHeaders;
    std::vector<std::uint8_t> body;
    std::size_t first = 0;
    std::optional<std::int64_t> truncateAfter;
    {
        const std::lock_guard lock(m_mutex);
        m_requests.push_back(*request);
        truncateAfter = m_truncateAfter;
        const auto redirect = m_redirects.find(request->path);
        const auto found = m_bodies.find(request->path);
        if (request->method != "GET") {
            status = "405 Method Not Allowed";
        } else if (redirect != m_redirects.end()) {
            status = "302 Found";
            extraHeaders = "Location: " + redirect->second + "\r\n";
        } else if (found == m_bodies.end()) {
            status = "404 Not Found";
            const std::string text = "no such file\n";
            body.assign(text.begin(), text.end());
        } else {
            body = found->second;
            const std::string range = request->header("range");
            if (!m_ignoreRange && range.rfind("bytes=", 0) == 0 && range.back() == '-') {
                first = std::stoull(range.substr(6));
                if (first >= body.size()) {
                    status = "416 Range Not Satisfiable";
                    extraHeaders = "Content-Range: bytes */" + std::to_string(body.size()) + "\r\n";
                    body.clear();
                    first = 0;
                } else {
                    status = "206 Partial Content";
                    extraHeaders = "Content-Range: bytes " + std::to_string(first) + "-"
                        + std::to_string(body.size() - 1) + "/" + std::to_string(body.size()) + "\r\n";
                }
            }
        }
    }

    const std::size_t length = body.size() - first;
    const std::string head = "HTTP/1.1 " + status + "\r\nContent-Length: " + std::to_string(length)
        + "\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n" + extraHeaders + "\r\n";
    if (!sendAll(connection, head.data(), head.size()))
        return;
    std::size_t sent = length;
    if (truncateAfter)
        sent = std::min(length, static_cast<std::size_t>(std::max<std::int64_t>(0, *truncateAfter)));
    sendAll(connection, reinterpret_cast<const char*>(body.data() + first), sent);
}

} // namespace cnnwb::test
