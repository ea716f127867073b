#include "data/opencv_stderr_filter.h"

#include <iostream>
#include <mutex>
#include <streambuf>
#include <string>

namespace cnnwb::engine {
namespace {

// imdecode_ and imread_ (modules/imgcodecs/src/loadsave.cpp) begin their lines so.
constexpr std::string_view kPrefixes[] = {"imdecode_(", "imread_("};

// Whether `start` may still grow into one of OpenCV's lines: held back until it is whole.
bool mayBecomeOpenCvLine(std::string_view start) noexcept
{
    for (const std::string_view prefix : kPrefixes)
        if (prefix.starts_with(start) || start.starts_with(prefix))
            return true;
    return false;
}

class LineFilter final : public std::streambuf {
public:
    explicit LineFilter(std::streambuf* target)
        : m_target(target)
    {
    }

protected:
    int_type overflow(int_type c) override
    {
        if (traits_type::eq_int_type(c, traits_type::eof()))
            return traits_type::not_eof(c);
        const char ch = traits_type::to_char_type(c);
        xsputn(&ch, 1);
        return c;
    }

    std::streamsize xsputn(const char* text, std::streamsize count) override
    {
        std::string& line = pending();
        for (std::streamsize i = 0; i < count; ++i) {
            line.push_back(text[i]);
            if (text[i] == '\n') {
                pass(line);
                line.clear();
            }
        }
        return count;
    }

    // std::cerr is unit-buffered: this runs after every `<<`. Text that cannot be OpenCV's goes
    // out now, so a prompt without a newline still shows.
    int sync() override
    {
        std::string& line = pending();
        if (!line.empty() && !mayBecomeOpenCvLine(line)) {
            pass(line);
            line.clear();
        }
        const std::lock_guard lock(m_mutex);
        return m_target->pubsync();
    }

private:
    static std::string& pending()
    {
        thread_local std::string line;
        return line;
    }

    void pass(const std::string& text)
    {
        // OpenCV ends its line with the exception's text, which ends in a newline of its own, and then
        // std::endl: the empty line after one of its lines is its too.
        thread_local bool afterOpenCv = false;
        const bool dropped = isOpenCvDecodeLine(text) || (afterOpenCv && text == "\n");
        afterOpenCv = isOpenCvDecodeLine(text);
        if (dropped)
            return;
        const std::lock_guard lock(m_mutex);
        m_target->sputn(text.data(), static_cast<std::streamsize>(text.size()));
    }

    std::streambuf* m_target;
    std::mutex m_mutex;
};

} // namespace

bool isOpenCvDecodeLine(std::string_view line) noexcept
{
    for (const std::string_view prefix : kPrefixes)
        if (line.starts_with(prefix))
            return true;
    return false;
}

void filterOpenCvLinesFromCerr()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Never destroyed: std::cerr is flushed at exit, after static objects are gone.
        auto* filter = new LineFilter(std::cerr.rdbuf());
        std::cerr.rdbuf(filter);
    });
}

} // namespace cnnwb::engine
