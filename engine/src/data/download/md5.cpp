#include "data/download/md5.h"

#include "cnnwb/engine/core/error.h"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace cnnwb::engine {

Md5::Md5()
    : m_context(EVP_MD_CTX_new())
{
    if (m_context == nullptr || EVP_DigestInit_ex(m_context, EVP_md5(), nullptr) != 1) {
        EVP_MD_CTX_free(m_context);
        throw Error(ErrorCode::Backend, "OpenSSL cannot compute MD5 checksums");
    }
}

Md5::~Md5()
{
    EVP_MD_CTX_free(m_context);
}

void Md5::update(const void* data, std::size_t size)
{
    if (EVP_DigestUpdate(m_context, data, size) != 1)
        throw Error(ErrorCode::Backend, "OpenSSL failed while computing an MD5 checksum");
}

std::string Md5::hexDigest()
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_context, digest.data(), &length) != 1)
        throw Error(ErrorCode::Backend, "OpenSSL failed while computing an MD5 checksum");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        text += kHex[digest[i] >> 4];
        text += kHex[digest[i] & 0xf];
    }
    return text;
}

std::string md5OfFile(const std::filesystem::path& file)
{
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
    if (!in)
        throw Error(ErrorCode::Io, std::string("cannot open file: ") + std::strerror(errno), {file.string()});
    Md5 md5;
    std::array<char, 1 << 16> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), in.get())) > 0)
        md5.update(buffer.data(), n);
    if (std::ferror(in.get()) != 0)
        throw Error(ErrorCode::Io, "cannot read file", {file.string()});
    return md5.hexDigest();
}

} // namespace cnnwb::engine
