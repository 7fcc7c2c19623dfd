package dev.poststack.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shell completion scripts for bash, zsh and fish, made from the command line's own model, so a new command or
 * option completes without a change here. Image and service names come from the manifest the line names (or
 * ./images.yaml) through a cache file the script reads itself, {@code .poststack/state/completion-<manifest>.names},
 * whose first line is the manifest's mtime and size ({@code stat -L -c '%Y %s'}); when it does not match, the
 * script asks {@code poststack __complete} once to write it again. A completion thus costs no JVM start.
 */
final class CompletionScripts {

    /** What a word in a given place completes to. */
    enum Kind {
        IMAGES, SERVICES, FILES, DIRS, COMMANDS, NONE;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final CommandSpec root;
    private final String launcher;

    CompletionScripts(CommandSpec root, String launcher) {
        this.root = root;
        this.launcher = launcher;
    }

    /** The visible subcommands by name, aliases included. */
    private Map<String, CommandSpec> commands() {
        Map<String, CommandSpec> commands = new LinkedHashMap<>();
        root.subcommands().forEach((name, line) -> {
            if (!line.getCommandSpec().usageMessage().hidden()) {
                commands.put(name, line.getCommandSpec());
            }
        });
        return commands;
    }

    private static List<OptionSpec> options(CommandSpec command) {
        return command.options().stream().filter(o -> !o.hidden()).toList();
    }

    static Kind kindOf(String paramLabel) {
        return switch (paramLabel.replaceAll("[<>.]", "")) {
            case "IMAGE" -> Kind.IMAGES;
            case "SERVICE" -> Kind.SERVICES;
            case "FILE" -> Kind.FILES;
            case "DIR" -> Kind.DIRS;
            default -> Kind.NONE;
        };
    }

    /**
     * What positions 0, 1 and any later one complete to, as {@code p0='..'; p1='..'; prest='..'}: a kind's word,
     * or {@code w:a,b,c} (fixed candidates). A positional taking several words fills the positions after it.
     */
    private static String positions(String name, CommandSpec command) {
        List<PositionalParamSpec> positionals = command.positionalParameters().stream().filter(p -> !p.hidden())
                .sorted(Comparator.comparingInt(p -> p.index().min())).toList();
        String[] at = {Kind.NONE.word(), Kind.NONE.word(), Kind.NONE.word()};
        int position = 0;
        for (PositionalParamSpec p : positionals) {
            String word;
            if ("help".equals(name)) {
                word = Kind.COMMANDS.word();
            } else if (p.completionCandidates() != null) {
                List<String> candidates = new ArrayList<>();
                p.completionCandidates().forEach(candidates::add);
                word = "w:" + String.join(",", candidates);
            } else {
                word = kindOf(p.paramLabel()).word();
            }
            boolean several = p.arity().max() > 1 || p.index().isVariable();
            for (int i = position; i < at.length && (i == position || several); i++) {
                at[i] = word;
            }
            position++;
        }
        return "p0='" + at[0] + "'; p1='" + at[1] + "'; prest='" + at[2] + "'";
    }

    String bash() {
        StringBuilder cases = new StringBuilder();
        commands().forEach((name, command) -> cases.append("        ").append(name).append(") ")
                .append(spec(command, positions(name, command))).append(" ;;\n"));
        return BASH.replace("@LAUNCHER@", quote(launcher))
                .replace("@COMMANDS@", String.join(" ", commands().keySet()))
                .replace("@TOP@", spec(root, ""))
                .replace("@CASES@", cases.toString());
    }

    String zsh() {
        return "#compdef poststack\n# poststack completion for zsh, through zsh's bash completion support\n"
                + "(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }\n"
                + "autoload -U +X bashcompinit && bashcompinit\n" + bash();
    }

    /** {@code opts='...'; vals='...'; pos='...'} of one command, as the bash function reads them. */
    private static String spec(CommandSpec command, String positions) {
        List<String> opts = new ArrayList<>();
        List<String> vals = new ArrayList<>();
        for (OptionSpec o : options(command)) {
            opts.addAll(List.of(o.names()));
            if (o.arity().max() > 0) {
                for (String n : o.names()) {
                    vals.add(n + "=" + kindOf(o.paramLabel()).word());
                }
            }
        }
        return "opts='" + String.join(" ", opts) + "'; vals='" + String.join(" ", vals) + "'; "
                + (positions.isEmpty() ? "p0=none; p1=none; prest=none" : positions);
    }

    String fish() {
        StringBuilder out = new StringBuilder(FISH.replace("@LAUNCHER@", quote(launcher)));
        String all = String.join(" ", commands().keySet());
        commands().forEach((name, command) -> out.append("complete -c poststack -n 'not __fish_seen_subcommand_from ")
                .append(all).append("' -a ").append(name).append(" -d ").append(quote(summary(command))).append('\n'));
        options(root).forEach(o -> out.append(fishOption("", o)));
        commands().forEach((name, command) -> {
            String when = "__fish_seen_subcommand_from " + name;
            for (OptionSpec o : options(command)) {
                if (root.findOption(o.longestName()) == null) {
                    out.append(fishOption(when, o));
                }
            }
            // fish offers these for any word after the command: right for the first, close enough for the rest.
            String positions = positions(name, command);
            String first = positions.substring("p0='".length(), positions.indexOf('\'', "p0='".length()));
            String candidates = switch (first) {
                case "images" -> "(__poststack_names image)";
                case "services" -> "(__poststack_names service)";
                case "commands" -> all;
                default -> first.startsWith("w:") ? first.substring(2).replace(',', ' ') : "";
            };
            if (!candidates.isEmpty()) {
                out.append("complete -c poststack -n ").append(quote(when)).append(" -a ").append(quote(candidates))
                        .append('\n');
            }
        });
        return out.toString();
    }

    private static String fishOption(String when, OptionSpec o) {
        StringBuilder line = new StringBuilder("complete -c poststack");
        if (!when.isEmpty()) {
            line.append(" -n ").append(quote(when));
        }
        for (String n : o.names()) {
            line.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
        }
        if (o.arity().max() > 0) {
            Kind kind = kindOf(o.paramLabel());
            line.append(kind == Kind.FILES || kind == Kind.DIRS ? " -r -F" : " -r");
            if (kind == Kind.SERVICES) {
                line.append(" -a '(__poststack_names service)'");
            }
        }
        String description = o.description().length > 0 ? o.description()[0] : "";
        return line.append(" -d ").append(quote(firstSentence(description))).append('\n').toString();
    }

    private static String summary(CommandSpec command) {
        String[] description = command.usageMessage().description();
        return firstSentence(description.length > 0 ? description[0] : "");
    }

    private static String firstSentence(String text) {
        String plain = text.replaceAll("\\$\\{[^}]*}", "").strip();
        int end = plain.indexOf(". ");
        return end > 0 ? plain.substring(0, end) : plain.replaceAll("\\.$", "");
    }

    /** A single-quoted shell word (bash and fish alike). */
    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "'\\''") + "'";
    }

    private static final String BASH = """
            # poststack completion for bash (and zsh). Install: source <(poststack completion bash)
            _poststack_launcher=@LAUNCHER@

            # The image or service names ($1: image|service) of manifest $2 into _poststack_words, from the cache
            # poststack writes beside it; a cache that does not match the manifest's mtime and size is written
            # again, once. No subshell but stat's: a completion must answer at once.
            _poststack_names() {
                local manifest=$2 dir=. base line kind name
                _poststack_words=
                [[ -f $manifest ]] || return 0
                [[ $manifest == */* ]] && dir=${manifest%/*}
                base=${manifest##*/}
                local cache=$dir/.poststack/state/completion-$base.names key
                key="key $(stat -L -c '%Y %s' -- "$manifest" 2>/dev/null)"
                line=
                [[ -f $cache ]] && IFS= read -r line <"$cache"
                if [[ $line != "$key" ]]; then
                    POSTSTACK_NO_HOST_SETUP=1 "$_poststack_launcher" __complete --manifest "$manifest" >/dev/null 2>&1 || return 0
                fi
                while read -r kind name; do
                    [[ $kind == "$1" ]] && _poststack_words+=" $name"
                done <"$cache"
            }

            # COMPREPLY: the words of $1 that start with $2 (zsh filters again by itself).
            _poststack_offer() {
                local w
                for w in $1; do
                    [[ $w == "$2"* ]] && COMPREPLY+=("$w")
                done
            }

            _poststack_spec() {
                case $1 in
            @CASES@        *) @TOP@ ;;
                esac
            }

            _poststack() {
                local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
                local cmd= manifest=images.yaml opts vals p0 p1 prest i w n=0 kind
                _poststack_spec ''
                for ((i = 1; i < COMP_CWORD; i++)); do
                    w=${COMP_WORDS[i]}
                    case $w in
                        --manifest) manifest=${COMP_WORDS[i+1]} ;;
                        --manifest=*) manifest=${w#*=} ;;
                    esac
                    if [[ $w == -* ]]; then
                        [[ $w != *=* && " $vals " == *" $w="* ]] && ((i++))
                    elif [[ -z $cmd ]]; then
                        cmd=$w
                        _poststack_spec "$cmd"
                    else
                        ((n++))
                    fi
                done
                COMPREPLY=()
                if [[ $prev == -* && " $vals " == *" $prev="* ]]; then
                    kind=" $vals "; kind=${kind#*" $prev="}; kind=${kind%% *}
                elif [[ $cur == -* ]]; then
                    kind="w:$opts"
                elif [[ -z $cmd ]]; then
                    kind=commands
                elif ((n == 0)); then
                    kind=$p0
                elif ((n == 1)); then
                    kind=$p1
                else
                    kind=$prest
                fi
                # Plain word splitting (no mapfile): zsh's bashcompinit runs this too.
                case $kind in
                    images) _poststack_names image "$manifest"; _poststack_offer "$_poststack_words" "$cur" ;;
                    services) _poststack_names service "$manifest"; _poststack_offer "$_poststack_words" "$cur" ;;
                    commands) _poststack_offer '@COMMANDS@' "$cur" ;;
                    files) COMPREPLY=($(compgen -f -- "$cur")) ;;
                    dirs) COMPREPLY=($(compgen -d -- "$cur")) ;;
                    w:*) w=${kind#w:}; _poststack_offer "${w//,/ }" "$cur" ;;
                esac
                return 0
            }
            complete -o default -F _poststack poststack ./poststack
            """;

    private static final String FISH = """
            # poststack completion for fish. Install: poststack completion fish > ~/.config/fish/completions/poststack.fish
            set -g __poststack_launcher @LAUNCHER@

            # The image or service names ($argv[1]: image|service) of the manifest the line names, from the cache
            # poststack writes beside it; a cache that does not match the manifest's mtime and size is written again.
            function __poststack_names
                set -l manifest images.yaml
                set -l words (commandline -opc)
                for i in (seq (count $words))
                    if test "$words[$i]" = --manifest; and test $i -lt (count $words)
                        set manifest $words[(math $i + 1)]
                    else if string match -q -- '--manifest=*' $words[$i]
                        set manifest (string replace -- '--manifest=' '' $words[$i])
                    end
                end
                test -f $manifest; or return 0
                set -l dir (dirname -- $manifest)
                set -l cache $dir/.poststack/state/completion-(basename -- $manifest).names
                set -l key "key "(stat -L -c '%Y %s' -- $manifest 2>/dev/null)
                if not test -f $cache; or test (head -n 1 $cache) != "$key"
                    env POSTSTACK_NO_HOST_SETUP=1 $__poststack_launcher __complete --manifest $manifest >/dev/null 2>&1; or return 0
                end
                string match -r -- "^$argv[1] (.*)" < $cache | string match -rv -- "^$argv[1] "
            end

            complete -c poststack -f
            """;
}
