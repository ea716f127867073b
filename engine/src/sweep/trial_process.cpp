#include "sweep/trial_process.h"

#include "cnnwb/engine/core/error.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cnnwb::engine {
namespace {

int exitCodeOf(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
}

} // namespace

TrialProcess::TrialProcess(const std::vector<std::string>& arguments, const std::filesystem::path& logFile)
{
    // Everything the child needs is made before fork(): after it, in a process with threads, only
    // async-signal-safe calls are allowed until exec.
    std::vector<char*> argv;
    for (const std::string& argument : arguments)
        argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    const int log = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log < 0)
        throw Error(
            ErrorCode::Io, std::string("cannot open the trial's log: ") + std::strerror(errno), {logFile.string()});
    const pid_t parent = ::getpid();
    m_pid = ::fork();
    if (m_pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) // the parent died before prctl took effect
            ::_exit(127);
        ::dup2(log, STDOUT_FILENO);
        ::dup2(log, STDERR_FILENO);
        const int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0)
            ::dup2(null, STDIN_FILENO);
        ::execv(argv[0], argv.data());
        static const char kFailed[] = "cnnwb sweep: cannot start the trainer\n";
        (void)!::write(STDERR_FILENO, kFailed, sizeof kFailed - 1);
        ::_exit(127);
    }
    const int forkError = errno;
    ::close(log);
    if (m_pid < 0)
        throw Error(
            ErrorCode::Io, std::string("cannot start a trial: ") + std::strerror(forkError), {arguments.front()});
}

TrialProcess::~TrialProcess()
{
    if (m_pid > 0 && !m_exit) {
        ::kill(m_pid, SIGKILL);
        (void)wait();
    }
}

std::optional<int> TrialProcess::poll()
{
    if (m_exit)
        return m_exit;
    int status = 0;
    const pid_t done = ::waitpid(m_pid, &status, WNOHANG);
    if (done == m_pid)
        m_exit = exitCodeOf(status);
    else if (done < 0 && errno == ECHILD)
        m_exit = 1;
    return m_exit;
}

void TrialProcess::interrupt()
{
    if (!m_exit)
        ::kill(m_pid, SIGINT);
}

int TrialProcess::wait()
{
    while (!m_exit) {
        int status = 0;
        const pid_t done = ::waitpid(m_pid, &status, 0);
        if (done == m_pid)
            m_exit = exitCodeOf(status);
        else if (done < 0 && errno != EINTR)
            m_exit = 1;
    }
    return *m_exit;
}

} // namespace cnnwb::engine
