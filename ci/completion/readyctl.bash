# bash completion for readyctl. Options, formats and rule ids come from readyctl itself
# (`readyctl --help`, `readyctl rules`), so the completion never lags behind the tool.
_readyctl() {
    local cur prev words cword
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    local cmd=${COMP_WORDS[0]}
    case $prev in
        -o|--output)
            COMPREPLY=($(compgen -W "text json sarif junit github checklist html" -- "$cur")); return ;;
        --profile)
            COMPREPLY=($(compgen -W "prod dev" -- "$cur")); return ;;
        --fail-on)
            COMPREPLY=($(compgen -W "error warning note none" -- "$cur")); return ;;
        --scope)
            COMPREPLY=($(compgen -W "all objects" -- "$cur")); return ;;
        --color)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        explain)
            COMPREPLY=($(compgen -W "$("$cmd" --no-config rules 2>/dev/null | awk 'NR > 1 {print $1}')" -- "$cur")); return ;;
        --chart-root|--source-root)
            COMPREPLY=($(compgen -d -- "$cur")); return ;;
        -c|--config|-r|--rules|--baseline|--docs|-f|--values)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$("$cmd" --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
    elif [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "rules explain init" -- "$cur") $(compgen -f -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _readyctl readyctl
