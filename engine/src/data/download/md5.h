#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

struct evp_md_ctx_st; // OpenSSL's EVP_MD_CTX, kept out of this header

namespace cnnwb::engine {

/// MD5, incrementally (OpenSSL's EVP interface). Only for checking downloads against published
/// checksums, never for anything that needs a secure hash.
class Md5 {
public:
    Md5();
    ~Md5();
    Md5(const Md5&) = delete;
    Md5& operator=(const Md5&) = delete;

    void update(const void* data, std::size_t size);
    /// The digest as 32 lower-case hex digits; the object is spent afterwards.
    [[nodiscard]] std::string hexDigest();

private:
    evp_md_ctx_st* m_context;
};

/// The MD5 of a file's contents as lower-case hex. Throws Error(Io) naming the file.
[[nodiscard]] std::string md5OfFile(const std::filesystem::path& file);

} // namespace cnnwb::engine
