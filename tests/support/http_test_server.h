#pragma once

// A tiny HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for download tests: serves byte strings
// at fixed paths, answers "Range: bytes=N-" with 206, and can misbehave on purpose (ignore ranges,
// close the connection early). One connection at a time, each closed after its response.

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace cnnwb::test {

/// One request as the server saw it; header names in lower case.
struct HttpRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;

    [[nodiscard]] std::string header(const std::string& lowerCaseName) const;
};

class HttpTestServer {
public:
    /// Listens at once; throws std::runtime_error when it cannot.
    HttpTestServer();
    ~HttpTestServer();
    HttpTestServer(const HttpTestServer&) = delete;
    HttpTestServer& operator=(const HttpTestServer&) = delete;

    [[nodiscard]] int port() const { return m_port; }
    /// "http://127.0.0.1:PORT/"
    [[nodiscard]] std::string baseUrl() const;

    /// GET `path` ("/name") answers with `body`; any other path with 404.
    void serve(const std::string& path, std::vector<std::uint8_t> body);
    /// GET `from` answers "302 Found" pointing at `to`.
    void redirect(const std::string& from, const std::string& to);
    /// Every response announces its full Content-Length but sends only `bytes` of the body, then
    /// closes the connection; nullopt sends whole bodies again.
    void setTruncateAfter(std::optional<std::int64_t> bytes);
    /// Answer range requests with the whole body (200), as servers without range support do.
    void setIgnoreRange(bool ignore);

    [[nodiscard]] std::vector<HttpRequest> requests() const;
    void clearRequests();

private:
    void run();
    void handle(int connection);

    int m_listener = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex; // guards everything below
    std::map<std::string, std::vector<std::uint8_t>> m_bodies;
    std::map<std::string, std::string> m_redirects;
    std::optional<std::int64_t> m_truncateAfter;
    bool m_ignoreRange = false;
    std::vector<HttpRequest> m_requests;
    std::thread m_thread; // last: started when everything above exists
};

} // namespace cnnwb::test
