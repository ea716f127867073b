#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace cnnwb::ui {

/// The window's file dialogs, and the one dialog that reports a file that could not be read or
/// written, in one place so that tests can answer them all.
class FileDialogs {
public:
    /// Gets the title and the suggested path, returns the chosen path or an empty string for Cancel.
    using Hook = std::function<QString(const QString& title, const QString& suggested)>;
    /// Gets what fileError() would show.
    using ErrorHook = std::function<void(const QString& title, const QString& message)>;

    explicit FileDialogs(QWidget* parent)
        : m_parent(parent)
    {
    }

    void setHook(Hook hook) { m_hook = std::move(hook); }
    void setErrorHook(ErrorHook hook) { m_errorHook = std::move(hook); }

    [[nodiscard]] QString savePath(const QString& title, const QString& suggested, const QString& filter) const;
    [[nodiscard]] QString openPath(const QString& title, const QString& folder, const QString& filter) const;
    [[nodiscard]] QString folder(const QString& title, const QString& start) const;
    /// A modal warning: `message` says which file and what is wrong with it, in one sentence.
    void fileError(const QString& title, const QString& message) const;

private:
    QWidget* m_parent;
    Hook m_hook;
    ErrorHook m_errorHook;
};

} // namespace cnnwb::ui
