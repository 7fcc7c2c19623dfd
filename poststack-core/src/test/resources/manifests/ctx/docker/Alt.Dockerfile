FROM scratch
LABEL alt=true
