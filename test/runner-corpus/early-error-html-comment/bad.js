const a = 1;
<!-- html comment
